/** Types of `write-sql.mjs` (the SQL of writing compact rows, shared with the import's writer thread). */
export declare const FIND_STREAM: string;
export declare const ADD_STREAM: string;
export declare const FIND_TYPE: string;
export declare const ADD_TYPE: string;
export declare const ADD_ENTRY: string;
export declare const READ_ENTRY: string;
export declare const EVENT_ROW: string;
export declare function insertEvents(count: number): string;
/** The statements both writers prepare (see `write-sql.mjs`). */
export declare function prepareNameStatements<S extends { raw(toggle?: boolean): S }>(db: { prepare(sql: string): S }): {
  findStream: S;
  addStream: S;
  findType: S;
  addType: S;
  addEntry: S;
  readEntry: S;
};
