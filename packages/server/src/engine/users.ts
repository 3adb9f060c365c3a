/**
 * Users (sql.md §7.2): CREATE/ALTER/DROP USER, persisted in `taosts_meta.users` with salted
 * password hashes. The configured superuser (default root/taosdata) always exists.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Code, TaosError } from '@taosts/protocol';
import type { AlterUser, CreateUser, OptionValue } from '@taosts/sql';
import { META_SCHEMA } from '../catalog/meta-store.js';
import { sqlString } from '../catalog/model.js';
import type { Storage } from '../storage/storage.js';

export interface UserEntry {
  readonly name: string;
  /** `salt:sha256hex`. */
  pass: string;
  superuser: boolean;
  enable: boolean;
  sysinfo: boolean;
  createdb: boolean;
  readonly ctime: bigint;
}

function hash(password: string, salt = randomBytes(8).toString('hex')): string {
  return `${salt}:${createHash('sha256').update(salt).update(password).digest('hex')}`;
}

function verify(password: string, stored: string): boolean {
  const [salt] = stored.split(':');
  const a = Buffer.from(hash(password, salt));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 3.3+ default password rule: 8..255 chars, at least 3 of 4 character classes. */
function checkPassword(p: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(p)).length;
  if (p.length < 8 || p.length > 255 || classes < 3)
    throw new TaosError(Code.INVALID_PASS_FORMAT, 'Invalid password format');
}

function flag(name: string, v: OptionValue | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (n !== 0 && n !== 1) throw new TaosError(Code.INVALID_PARA, `Invalid option ${name}`);
  return n === 1;
}

export class UserStore {
  readonly #users = new Map<string, UserEntry>();
  readonly #storage: Storage;
  /** Configured superusers: always present, cannot be dropped or disabled. */
  readonly #configured: ReadonlySet<string>;

  private constructor(storage: Storage, configured: ReadonlySet<string>) {
    this.#storage = storage;
    this.#configured = configured;
  }

  /** `configured` maps user → password (default root → taosdata). */
  static async load(
    storage: Storage,
    configured: Readonly<Record<string, string>>,
    startTime: bigint,
  ): Promise<UserStore> {
    const store = new UserStore(storage, new Set(Object.keys(configured)));
    const { rows } = await storage.withConnection((c) =>
      c.query(`SELECT name, pass, ctime, options FROM ${META_SCHEMA}.users`),
    );
    for (const r of rows) {
      const o = JSON.parse(String(r[3])) as {
        superuser: boolean;
        enable: boolean;
        sysinfo: boolean;
        createdb: boolean;
      };
      store.#users.set(String(r[0]), {
        name: String(r[0]),
        pass: String(r[1]),
        ctime: BigInt(r[2] as bigint),
        ...o,
      });
    }
    for (const [user, password] of Object.entries(configured)) {
      if (!store.#users.has(user))
        store.#users.set(user, {
          name: user,
          pass: hash(password),
          superuser: true,
          enable: true,
          sysinfo: true,
          createdb: true,
          ctime: startTime,
        });
    }
    return store;
  }

  list(): readonly UserEntry[] {
    return [...this.#users.values()];
  }

  authenticate(user: string, password: string): boolean {
    const u = this.#users.get(user);
    return u !== undefined && u.enable && verify(password, u.pass);
  }

  async #save(u: UserEntry): Promise<void> {
    const options = JSON.stringify({
      superuser: u.superuser,
      enable: u.enable,
      sysinfo: u.sysinfo,
      createdb: u.createdb,
    });
    await this.#storage.transaction((c) =>
      c.run(
        `DELETE FROM ${META_SCHEMA}.users WHERE name = ${sqlString(u.name)};\n` +
          `INSERT INTO ${META_SCHEMA}.users VALUES (${sqlString(u.name)}, ${sqlString(u.pass)}, ${u.ctime}, ${sqlString(options)})`,
      ),
    );
  }

  async create(s: CreateUser, nowMs: bigint): Promise<void> {
    if (s.name.length === 0 || Buffer.byteLength(s.name) > 23)
      throw new TaosError(Code.INVALID_PARA, 'Invalid user name');
    if (this.#users.has(s.name)) throw new TaosError(Code.USER_ALREADY_EXIST, 'User already exists');
    checkPassword(s.password);
    const u: UserEntry = {
      name: s.name,
      pass: hash(s.password),
      superuser: false,
      enable: true,
      sysinfo: flag('sysinfo', s.options.get('sysinfo'), true),
      createdb: flag('createdb', s.options.get('createdb'), false),
      ctime: nowMs,
    };
    await this.#save(u);
    this.#users.set(u.name, u);
  }

  async alter(s: AlterUser): Promise<void> {
    const u = this.#users.get(s.name);
    if (!u) throw new TaosError(Code.USER_NOT_EXIST, 'User not exist');
    const next: UserEntry = { ...u };
    for (const [name, v] of s.options) {
      switch (name) {
        case 'pass':
          checkPassword(String(v));
          next.pass = hash(String(v));
          break;
        case 'enable':
          next.enable = flag(name, v, true);
          break;
        case 'sysinfo':
          next.sysinfo = flag(name, v, true);
          break;
        case 'createdb':
          next.createdb = flag(name, v, false);
          break;
        default:
          throw new TaosError(
            Code.OPS_NOT_SUPPORT,
            `ALTER USER … ${name.toUpperCase()} is not supported by taosts yet`,
          );
      }
    }
    if (this.#configured.has(next.name) && !next.enable)
      throw new TaosError(Code.PERMISSION_DENIED, 'Cannot disable the superuser');
    await this.#save(next);
    this.#users.set(next.name, next);
  }

  async drop(name: string): Promise<void> {
    if (!this.#users.has(name)) throw new TaosError(Code.USER_NOT_EXIST, 'User not exist');
    if (this.#configured.has(name)) throw new TaosError(Code.PERMISSION_DENIED, 'Cannot drop the superuser');
    await this.#storage.transaction((c) =>
      c.run(`DELETE FROM ${META_SCHEMA}.users WHERE name = ${sqlString(name)}`),
    );
    this.#users.delete(name);
  }
}
