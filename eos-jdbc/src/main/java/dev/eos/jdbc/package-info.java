/**
 * A JDBC sink for Eos pipelines: {@link dev.eos.jdbc.JdbcSink#upsert} writes idempotent upserts
 * (for at-least-once), {@link dev.eos.jdbc.JdbcSink#exactlyOnce} writes rows and the next source
 * offsets in one database transaction, fenced by an epoch per partition. PostgreSQL is the real
 * target; an embedded H2 database is the default for demos.
 */
package dev.eos.jdbc;
