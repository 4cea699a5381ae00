import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125034233 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "omnichannel_payment_link" ("id" text not null, "token" text not null, "chain_id" text not null, "payment_id" text not null, "order_id" text null, "amount" integer not null, "currency_code" text not null, "status" text check ("status" in ('open', 'paid', 'expired', 'canceled')) not null default 'open', "expires_at" timestamptz not null, "customer_email" text null, "note" text null, "origin" text check ("origin" in ('admin', 'pos')) not null, "terminal_id" text null, "actor_id" text null, "attempt_operation_id" text null, "paid_operation_id" text null, "paid_at" timestamptz null, "canceled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_payment_link_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_payment_link_deleted_at" ON "omnichannel_payment_link" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_payment_link_token" ON "omnichannel_payment_link" ("token") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_payment_link_order" ON "omnichannel_payment_link" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_payment_link_chain" ON "omnichannel_payment_link" ("chain_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnichannel_payment_link" cascade;`);
  }

}
