import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203063532 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "omnichannel_acquirer_call" ("id" text not null, "acquirer" text not null, "call" text not null, "outcome" text check ("outcome" in ('ok', 'declined', 'invalid', 'retryable')) not null, "reason" text null, "duration_ms" integer not null, "operation_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_acquirer_call_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_acquirer_call_deleted_at" ON "omnichannel_acquirer_call" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_acquirer_call_created" ON "omnichannel_acquirer_call" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_acquirer_call_operation" ON "omnichannel_acquirer_call" ("operation_id") WHERE operation_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_reconciliation" ("id" text not null, "trigger" text check ("trigger" in ('schedule', 'admin')) not null, "status" text check ("status" in ('running', 'completed', 'failed')) not null default 'running', "since" timestamptz not null, "actor_id" text null, "chains_checked" integer not null default 0, "acquirer_checked" integer not null default 0, "acquirer_unavailable" integer not null default 0, "differences_count" integer not null default 0, "error" text null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_reconciliation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_reconciliation_deleted_at" ON "omnichannel_reconciliation" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_reconciliation_difference" ("id" text not null, "reconciliation_id" text not null, "kind" text not null, "chain_id" text null, "payment_id" text null, "order_id" text null, "operation_id" text null, "currency_code" text null, "expected" integer null, "actual" integer null, "message" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_reconciliation_difference_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_reconciliation_difference_reconciliation_id" ON "omnichannel_reconciliation_difference" ("reconciliation_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_reconciliation_difference_deleted_at" ON "omnichannel_reconciliation_difference" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_reconciliation_difference_chain" ON "omnichannel_reconciliation_difference" ("chain_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "omnichannel_reconciliation_difference" add constraint "omnichannel_reconciliation_difference_reconciliation_id_foreign" foreign key ("reconciliation_id") references "omnichannel_reconciliation" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_reconciliation_difference" drop constraint if exists "omnichannel_reconciliation_difference_reconciliation_id_foreign";`);

    this.addSql(`drop table if exists "omnichannel_acquirer_call" cascade;`);

    this.addSql(`drop table if exists "omnichannel_reconciliation" cascade;`);

    this.addSql(`drop table if exists "omnichannel_reconciliation_difference" cascade;`);
  }

}
