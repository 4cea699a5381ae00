const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

// Each suite boots its own Medusa app: start from empty ORM metadata.
MetadataStorage.clear()
