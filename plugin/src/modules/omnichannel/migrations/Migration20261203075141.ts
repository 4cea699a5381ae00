import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203075141 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_idempotency_created" ON "omnichannel_idempotency_record" ("created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_created" ON "omnichannel_operation" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_pending" ON "omnichannel_operation" ("created_at") WHERE status = 'pending' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_omnichannel_idempotency_created";`);

    this.addSql(`drop index if exists "IDX_omnichannel_operation_created";`);
    this.addSql(`drop index if exists "IDX_omnichannel_operation_pending";`);
  }

}
