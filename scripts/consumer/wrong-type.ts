// Must NOT compile: scripts/consumer-test.mjs asserts tsc fails here with TS2322 (the dossier code is a
// string, not a number). If the published types were `any`, this would compile and the test would fail.
import { createCatalog, createEngine, InMemoryEventStore } from '@motcua/core';

const engine = createEngine({ store: new InMemoryEventStore(), catalog: createCatalog({ procedures: [] }) });
const state = await engine.get('0190a5a4-7b9e-7c3a-8f00-000000000002');
const code: number = state.dossierCode;
console.log(code);
