import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122183257 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_chain" drop constraint if exists "omnichannel_chain_payment_id_unique";`);
    this.addSql(`create table if not exists "omnichannel_chain" ("id" text not null, "payment_id" text not null, "currency_code" text not null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_chain_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_chain_payment_id_unique" ON "omnichannel_chain" ("payment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_chain_deleted_at" ON "omnichannel_chain" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnichannel_chain" cascade;`);
  }

}
