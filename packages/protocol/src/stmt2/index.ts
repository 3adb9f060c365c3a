export {
  BindType,
  stmt2Field,
  decodeStmt2Fields,
  fieldRoles,
  type Stmt2Field,
  type Stmt2FieldRoles,
} from './stmt2-fields.js';
export { hasLengths, type Stmt2Column, type BindValue, type TypedValues } from './bind-entry.js';
export {
  encodeStmt2BindData,
  decodeStmt2BindData,
  encodeStmt2Bind,
  decodeStmt2Bind,
  type Stmt2TableBind,
  type Stmt2BindData,
} from './stmt2-bind.js';
export {
  encodeStmt2ColumnBindData,
  decodeStmt2ColumnBindData,
  encodeStmt2BindExec,
  decodeStmt2BindExec,
  type Stmt2ColumnBindData,
} from './stmt2-bind-exec.js';
export { encodeStmt1Bind, decodeStmt1Bind } from './stmt1-bind.js';
