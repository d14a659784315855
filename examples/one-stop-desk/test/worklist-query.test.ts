/**
 * The officer's worklists as dossier-list queries (worklist/worklist-query.ts),
 * against the definitions in docs/worklists.md ("Worklists") and the search
 * rules in docs/one-stop-desk.md.
 */
import { describe, expect, it } from 'vitest';
import { searchTerm, worklistQuery, worklistQuerySchema } from '../src/worklist/worklist-query';

const specialist = { id: 'cv-01', role: 'specialist', unit: 'STC', name: 'Trần Quốc Bảo' };
const receiver = { id: 'cb-mc-01', role: 'receivingOfficer', unit: '000.00.20.H26', name: 'Lê Thị Hoa' };
const now = '2026-11-30T09:00:00+07:00';
const q = (input: Record<string, string>) => worklistQuerySchema.parse(input);

describe('worklistQuery', () => {
  it('mine = open and held by me (my internal step, else my dossier), by due date', () => {
    expect(worklistQuery(specialist, q({ list: 'mine' }), now)).toEqual({ filter: { holder: 'cv-01', open: true }, sort: { by: 'due', dir: 'asc' }, limit: 20 });
  });
  it('the unit lists scope the receiving unit for the one-stop officer, the handling unit for the agency', () => {
    expect(worklistQuery(receiver, q({ list: 'unit' }), now).filter).toEqual({ unit: '000.00.20.H26', open: true });
    expect(worklistQuery(specialist, q({ list: 'unit' }), now).filter).toEqual({ handlingUnit: 'STC', open: true });
    expect(worklistQuery(specialist, q({ list: 'overdue' }), now).filter).toEqual({ handlingUnit: 'STC', overdueAt: now });
    expect(worklistQuery(specialist, q({ list: 'dueToday' }), now).filter).toEqual({ handlingUnit: 'STC', clockRunning: true, dueOn: '2026-11-30' });
    expect(worklistQuery(specialist, q({ list: 'awaitingSignature' }), now).filter).toEqual({ handlingUnit: 'STC', awaitingSignature: true });
  });
  it('dueToday is the Hà Nội day of now (17:30 UTC is 00:30 the next day in Vietnam, UTC+7)', () => {
    expect(worklistQuery(receiver, q({ list: 'dueToday' }), '2026-11-30T17:30:00Z').filter?.dueOn).toBe('2026-12-01');
  });
  it('all = every dossier of my unit, newest first; search and filters are added', () => {
    const query = worklistQuery(receiver, q({ list: 'all', q: 'Nguyễn Văn An', procedure: '2.002030', status: '4', channel: 'online', limit: '5', after: 'abc' }), now);
    expect(query).toEqual({
      filter: { unit: '000.00.20.H26', name: 'Nguyễn Văn An', procedure: '2.002030', status: 4, channel: 'online' },
      sort: { by: 'receivedAt', dir: 'desc' },
      limit: 5,
      after: 'abc',
    });
  });
  it('refuses unknown lists and parameters (zod issues)', () => {
    expect(worklistQuerySchema.safeParse({ list: 'everything' }).success).toBe(false);
    expect(worklistQuerySchema.safeParse({ list: 'mine', officer: 'someone-else' }).success).toBe(false);
    expect(worklistQuerySchema.safeParse({ status: '11' }).success).toBe(false);
  });
});

describe('searchTerm', () => {
  it('reads ID numbers (CMND 9 digits, CCCD 12), dossier codes and names', () => {
    expect(searchTerm('001085000111')).toEqual({ idNumber: '001085000111' });
    expect(searchTerm('123456789')).toEqual({ idNumber: '123456789' });
    expect(searchTerm(' 000.00.20.h26-260302-0001 ')).toEqual({ code: '000.00.20.H26-260302-0001' });
    expect(searchTerm('000.00.20')).toEqual({ code: '000.00.20' });
    expect(searchTerm('nguyen van an')).toEqual({ name: 'nguyen van an' });
    expect(searchTerm('Trần Thị Bình')).toEqual({ name: 'Trần Thị Bình' });
    expect(searchTerm('12345')).toEqual({ name: '12345' });
  });
});

describe('worklistQuerySchema', () => {
  it("ignores parameters sent empty (a search form's 'any' choices)", () => {
    expect(worklistQuerySchema.parse({ list: 'all', q: 'nguyen', procedure: '', status: '', channel: '' })).toEqual({ list: 'all', q: 'nguyen', limit: 20 });
  });
});
