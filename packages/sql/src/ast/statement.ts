import type { Insert, InsertSelect } from './insert.js';
import type { Query } from './select.js';
import type {
  AlterDatabase,
  AlterTable,
  AlterUser,
  CreateChildTables,
  CreateDatabase,
  CreateSTable,
  CreateTable,
  CreateUser,
  Delete,
  Describe,
  DropDatabase,
  DropTable,
  DropUser,
  NoOp,
  Show,
  UseDatabase,
} from './ddl.js';

/** Every statement the parser produces. */
export type Statement =
  | Query
  | Insert
  | InsertSelect
  | CreateDatabase
  | DropDatabase
  | AlterDatabase
  | UseDatabase
  | CreateSTable
  | CreateTable
  | CreateChildTables
  | DropTable
  | AlterTable
  | Show
  | Describe
  | Delete
  | CreateUser
  | AlterUser
  | DropUser
  | NoOp;
