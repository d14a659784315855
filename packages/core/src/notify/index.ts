/** Citizen notifications (thông báo cho công dân) through the outbox (docs/integration.md, "Notifications"). */
export { citizenRoute, citizenNoticeOf, vietnamDate, CITIZEN_DESTINATION } from './route';
export type { CitizenNotice, MissingItem } from './route';
export { renderNotice, vietnameseDate } from './templates';
export type { NoticeContext } from './templates';
export { smsChannel, emailChannel, zaloChannel, consoleChannel, fileChannel } from './channels';
export type { Contact, MessageClient, NotificationChannel } from './channels';
export { createCitizenTransport, dossierContact } from './transport';
export type { CitizenTransportOptions, DossierContact, SuppressedReason } from './transport';
