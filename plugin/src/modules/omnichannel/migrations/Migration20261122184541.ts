import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122184541 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_chain" drop constraint if exists "omnichannel_chain_payment_id_unique";`);
    this.addSql(`alter table if exists "omnichannel_card_token" drop constraint if exists "omnichannel_card_token_fingerprint_unique";`);
    this.addSql(`alter table if exists "omnichannel_card_token" drop constraint if exists "omnichannel_card_token_token_unique";`);
    this.addSql(`create table if not exists "omnichannel_card_token" ("id" text not null, "token" text not null, "fingerprint" text not null, "brand" text not null, "bin" text not null, "last4" text not null, "pan_length" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_card_token_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_card_token_token_unique" ON "omnichannel_card_token" ("token") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_card_token_fingerprint_unique" ON "omnichannel_card_token" ("fingerprint") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_card_token_deleted_at" ON "omnichannel_card_token" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_chain" ("id" text not null, "payment_id" text not null, "currency_code" text not null, "origin_channel" text check ("origin_channel" in ('online', 'in_store', 'mobile_app', 'kiosk', 'phone', 'pay_by_link', 'marketplace')) not null, "cof_consent" boolean not null default false, "card_token_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_chain_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_chain_payment_id_unique" ON "omnichannel_chain" ("payment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_chain_card_token_id" ON "omnichannel_chain" ("card_token_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_chain_deleted_at" ON "omnichannel_chain" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_idempotency_record" ("id" text not null, "scope" text not null, "key" text not null, "request_hash" text not null, "state" text check ("state" in ('in_progress', 'completed')) not null default 'in_progress', "response_status" integer null, "response_body" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_idempotency_record_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_idempotency_record_deleted_at" ON "omnichannel_idempotency_record" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_idempotency_scope_key" ON "omnichannel_idempotency_record" ("scope", "key") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_operation" ("id" text not null, "chain_id" text not null, "type" text check ("type" in ('payment', 'authorization', 'capture', 'cancel', 'refund', 'payout')) not null, "channel" text check ("channel" in ('online', 'in_store', 'mobile_app', 'kiosk', 'phone', 'pay_by_link', 'marketplace')) not null, "status" text check ("status" in ('pending', 'succeeded', 'failed')) not null default 'pending', "amount" integer not null, "currency_code" text not null, "authorization_mode" text check ("authorization_mode" in ('SALE', 'FINAL_AUTHORIZATION', 'PRE_AUTHORIZATION')) null, "parent_operation_id" text null, "reference" text null, "acquirer_reference" text null, "terminal_id" text null, "stock_location_id" text null, "idempotency_key" text null, "actor_id" text null, "note" text null, "cof_requestor" text null, "cof_sequence" text null, "error_code" text null, "error_message" text null, "medusa_payment_id" text null, "medusa_refund_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_operation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_chain_id" ON "omnichannel_operation" ("chain_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_deleted_at" ON "omnichannel_operation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_operation_refund_reference" ON "omnichannel_operation" ("chain_id", "reference") WHERE type = 'refund' AND status <> 'failed' AND reference IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_operation_refund_in_flight" ON "omnichannel_operation" ("chain_id") WHERE type = 'refund' AND status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_omnichannel_operation_idempotency_key" ON "omnichannel_operation" ("chain_id", "idempotency_key") WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_chain_created" ON "omnichannel_operation" ("chain_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "omnichannel_terminal" ("id" text not null, "name" text not null, "stock_location_id" text not null, "webhook_url" text null, "secret_ciphertext" text not null, "secret_rotated_at" timestamptz null, "deactivated_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "omnichannel_terminal_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_terminal_deleted_at" ON "omnichannel_terminal" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "omnichannel_chain" add constraint "omnichannel_chain_card_token_id_foreign" foreign key ("card_token_id") references "omnichannel_card_token" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table if exists "omnichannel_operation" add constraint "omnichannel_operation_chain_id_foreign" foreign key ("chain_id") references "omnichannel_chain" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_chain" drop constraint if exists "omnichannel_chain_card_token_id_foreign";`);

    this.addSql(`alter table if exists "omnichannel_operation" drop constraint if exists "omnichannel_operation_chain_id_foreign";`);

    this.addSql(`drop table if exists "omnichannel_card_token" cascade;`);

    this.addSql(`drop table if exists "omnichannel_chain" cascade;`);

    this.addSql(`drop table if exists "omnichannel_idempotency_record" cascade;`);

    this.addSql(`drop table if exists "omnichannel_operation" cascade;`);

    this.addSql(`drop table if exists "omnichannel_terminal" cascade;`);
  }

}
