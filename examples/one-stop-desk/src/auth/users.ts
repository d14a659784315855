import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * Who acts (the pinned shape of issue #14): the officer's id, role and unit.
 * Role names are the default policy's: applicant, receivingOfficer,
 * specialist, divisionHead, leader, partner, admin, auditor.
 */
export interface DeskActor {
  id: string;
  role: string;
  unit: string;
  name?: string;
}

/** A desk account: a user name, a bcrypt password hash and the actor it signs in as. */
export interface DeskUser {
  username: string;
  /** bcrypt hash (`$2b$…`); never the password. */
  passwordHash: string;
  actor: DeskActor;
}

/**
 * Hash a password with bcrypt (cost 12 by default; tests use a low cost).
 *
 * @example
 * ```ts
 * const passwordHash = await hashPassword('correct horse battery staple');
 * ```
 */
export function hashPassword(password: string, cost = 12): Promise<string> {
  return bcrypt.hash(password, cost);
}

/**
 * The desk's accounts, looked up by user name.
 *
 * @example
 * ```ts
 * const passwordHash = await hashPassword('correct horse battery staple');
 * const password = 'correct horse battery staple';
 * const users = createUserDirectory([{ username: 'tiepnhan', passwordHash, actor: { id: 'cb-01', role: 'receivingOfficer', unit: 'H26' } }]);
 * const actor = await users.check('tiepnhan', password); // the actor, or undefined
 * ```
 */
export function createUserDirectory(users: readonly DeskUser[]) {
  const byName = new Map(users.map((u) => [u.username, u]));
  // Compared against when the user name is unknown, at the accounts' cost, so both answers take as long.
  const nobody = bcrypt.hashSync(randomBytes(16).toString('hex'), users[0] ? bcrypt.getRounds(users[0].passwordHash) : 10);
  return {
    /** The user's actor if the password matches, else undefined (same cost for an unknown name). */
    async check(username: string, password: string): Promise<DeskActor | undefined> {
      const user = byName.get(username);
      const ok = await bcrypt.compare(password, user?.passwordHash ?? nobody);
      return ok && user ? user.actor : undefined;
    },
    /** The actor of a signed-in user name (undefined if the account is gone). */
    actorOf(username: string): DeskActor | undefined {
      return byName.get(username)?.actor;
    },
    /** Every account's actor (the officers a dossier can be assigned to). */
    officers(): DeskActor[] {
      return users.map((u) => u.actor);
    },
  };
}

/** The user directory a desk checks sign-ins against. */
export type UserDirectory = ReturnType<typeof createUserDirectory>;
