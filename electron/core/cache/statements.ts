import type { Database, Statement } from 'better-sqlite3';

const byDatabase = new WeakMap<Database, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on this connection, compiled once. db.prepare() parses and
 * plans the SQL on every call, which costs more than running most of our queries; the sync's
 * first pass writes a text in a handful of statements, so preparing them each time halved its
 * rate. Statements die with their connection (WeakMap), and better-sqlite3 lets a statement be
 * reused as long as it is not iterated re-entrantly, which none of these callers do.
 */
export function cached(db: Database, sql: string): Statement {
  let statements = byDatabase.get(db);
  if (!statements) {
    statements = new Map();
    byDatabase.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/** Like cached(), for a statement that returns its first column only (kept apart: pluck() changes the statement). */
export function cachedPluck(db: Database, sql: string): Statement {
  let statement = plucked(db).get(sql);
  if (!statement) {
    statement = db.prepare(sql).pluck();
    plucked(db).set(sql, statement);
  }
  return statement;
}

const pluckedByDatabase = new WeakMap<Database, Map<string, Statement>>();

function plucked(db: Database): Map<string, Statement> {
  let statements = pluckedByDatabase.get(db);
  if (!statements) {
    statements = new Map();
    pluckedByDatabase.set(db, statements);
  }
  return statements;
}
