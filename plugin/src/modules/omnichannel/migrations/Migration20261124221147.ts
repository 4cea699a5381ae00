import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124221147 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_operation" add column if not exists "method" text check ("method" in ('card', 'cash', 'gift_card', 'store_credit', 'external')) not null default 'card';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_operation" drop column if exists "method";`);
  }

}
