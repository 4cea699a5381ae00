import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204041038 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_card_token_bin_last4" ON "omnichannel_card_token" ("bin", "last4") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_created_id" ON "omnichannel_operation" ("created_at", "id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_omnichannel_card_token_bin_last4";`);

    this.addSql(`drop index if exists "IDX_omnichannel_operation_created_id";`);
  }

}
