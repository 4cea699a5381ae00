import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123000847 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_stock_movement" drop constraint if exists "omnichannel_stock_movement_source_key_unique";`);
    this.addSql(`create table if not exists "omnichannel_outbox_message" ("id" text not null, "sequence" serial, "terminal_id" text not null, "event_type" text not null, "payload" jsonb not null, "status" text check ("status" in ('pending', 'delivered', 'dead')) not null default 'pending', "attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "last_status" integer null, "last_error" text null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_outbox_message_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_outbox_message_deleted_at" ON "omnichannel_outbox_message" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_outbox_due" ON "omnichannel_outbox_message" ("next_attempt_at") WHERE status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_outbox_terminal" ON "omnichannel_outbox_message" ("terminal_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_stock_movement" ("id" text not null, "source_key" text not null, "kind" text check ("kind" in ('sale', 'count', 'adjustment', 'return')) not null, "status" text check ("status" in ('pending', 'applied')) not null default 'pending', "terminal_id" text not null, "stock_location_id" text not null, "sku" text not null, "variant_id" text not null, "inventory_item_id" text not null, "quantity" integer not null, "occurred_at" timestamptz not null, "reference" text null, "delta" integer null, "level_before" integer null, "level_after" integer null, "superseded_by_count" boolean not null default false, "discrepancy" boolean not null default false, "discrepancy_resolved_at" timestamptz null, "applied_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_stock_movement_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_stock_movement_source_key_unique" ON "omnichannel_stock_movement" ("source_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_stock_movement_deleted_at" ON "omnichannel_stock_movement" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_stock_movement_pending" ON "omnichannel_stock_movement" ("status", "created_at") WHERE status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_stock_movement_item_location" ON "omnichannel_stock_movement" ("inventory_item_id", "stock_location_id", "kind", "occurred_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_stock_movement_open_discrepancy" ON "omnichannel_stock_movement" ("stock_location_id", "inventory_item_id") WHERE discrepancy = true AND discrepancy_resolved_at IS NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "omnichannel_outbox_message" cascade;`);

    this.addSql(`drop table if exists "omnichannel_stock_movement" cascade;`);
  }

}
