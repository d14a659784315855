import type { StoredEvent } from '../store/types';
import type { DossierEventType, EventData } from './schemas';

/** A stored dossier event with typed data, discriminated by `type`. */
export type DossierEvent = { [T in DossierEventType]: StoredEvent<T, EventData<T>> }[DossierEventType];

/** A dossier event before storage: type + data. */
export type DossierEventBody = { [T in DossierEventType]: { type: T; data: EventData<T> } }[DossierEventType];

/** Narrow a stored event by type. */
export type EventOf<T extends DossierEventType> = StoredEvent<T, EventData<T>>;
