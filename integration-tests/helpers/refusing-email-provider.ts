import type { NotificationTypes } from "@medusajs/framework/types"
import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import LocalNotificationProvider from "@medusajs/medusa/notification-local"

/** Addresses the provider refuses, as a mail server refuses a mailbox that does not exist. */
export const REFUSED_DOMAIN = "@refused.example.com"

type LocalProvider = new (...args: any[]) => {
  send(notification: NotificationTypes.ProviderSendNotificationDTO): Promise<NotificationTypes.ProviderSendNotificationResultsDTO>
}
// Medusa's notification-local provider class, as its module exports it.
const LocalNotificationService = LocalNotificationProvider.services[0] as LocalProvider

/**
 * The email provider of the notifications suite (OMNI_EMAIL_PROVIDER points medusa-config
 * here): Medusa's notification-local, which logs what it sends, except that it throws for
 * the refused domain. A provider failing is then a real provider failing inside Medusa's
 * Notification Module.
 */
class RefusingEmailProvider extends LocalNotificationService {
  static identifier = "refusing-email"

  async send(notification: NotificationTypes.ProviderSendNotificationDTO) {
    if (notification.to.endsWith(REFUSED_DOMAIN)) {
      throw new Error(`550 5.1.1 mailbox unavailable: ${notification.to}`)
    }
    return await super.send(notification)
  }
}

export default ModuleProvider(Modules.NOTIFICATION, { services: [RefusingEmailProvider] })
