import { v7 as uuidv7 } from 'uuid';
import { createEngine, InMemoryEventStore, type CommandBody, type CommandInput, type Engine } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';

export const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
export const applicant = { name: 'Nguyễn Văn An', idNumber: '001090000001', phone: '0912000001' };
export const officer = { id: 'cb-01', role: 'officer', unit: unit.code };

export function newEngine(opts: { cacheSize?: number } = {}): { engine: Engine; store: InMemoryEventStore } {
  const store = new InMemoryEventStore();
  return { store, engine: createEngine({ store, catalog: sampleCatalog(), ...opts, policy: 'none' }) };
}

/** A command for one dossier with fresh ids. */
export function cmd(dossierId: string, body: CommandBody): CommandInput {
  return { actor: officer, ...body, commandId: uuidv7(), dossierId } as CommandInput;
}

export const vn = (local: string) => `${local}:00.000+07:00`;
