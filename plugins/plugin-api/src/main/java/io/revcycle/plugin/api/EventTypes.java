package io.revcycle.plugin.api;

import java.util.Set;

/**
 * The event types the engine knows and acts on. A connector may produce others (the
 * engine stores them on the timeline), but these are the ones scoring, the stage model,
 * SLAs and revenue react to.
 */
public interface EventTypes {

	String PAGE_VIEW = "page_view";

	String FORM_SUBMITTED = "form_submitted";

	String EMAIL_SENT = "email_sent";

	String EMAIL_DELIVERED = "email_delivered";

	String EMAIL_OPENED = "email_opened";

	String EMAIL_CLICKED = "email_clicked";

	String EMAIL_BOUNCED = "email_bounced";

	String EMAIL_UNSUBSCRIBED = "email_unsubscribed";

	String CALL_INBOUND = "call_inbound";

	String CALL_OUTBOUND = "call_outbound";

	String MEETING_HELD = "meeting_held";

	String DEMO_REQUESTED = "demo_requested";

	String CONTENT_DOWNLOADED = "content_downloaded";

	/**
	 * A person record was created in a remote system (a billing customer, a CRM contact):
	 * identity, not a sale.
	 */
	String CONTACT_CREATED = "contact_created";

	String CONTACT_UPDATED = "contact_updated";

	String DEAL_UPDATED = "deal_updated";

	String PAYMENT_SUCCEEDED = "payment_succeeded";

	String PAYMENT_REFUNDED = "payment_refunded";

	String SUBSCRIPTION_STARTED = "subscription_started";

	String SUBSCRIPTION_CANCELED = "subscription_canceled";

	String TICKET_OPENED = "ticket_opened";

	String NOTE = "note";

	/** Every type above. */
	Set<String> ALL = Set.of(PAGE_VIEW, FORM_SUBMITTED, EMAIL_SENT, EMAIL_DELIVERED, EMAIL_OPENED, EMAIL_CLICKED,
			EMAIL_BOUNCED, EMAIL_UNSUBSCRIBED, CALL_INBOUND, CALL_OUTBOUND, MEETING_HELD, DEMO_REQUESTED,
			CONTENT_DOWNLOADED, CONTACT_CREATED, CONTACT_UPDATED, DEAL_UPDATED, PAYMENT_SUCCEEDED, PAYMENT_REFUNDED,
			SUBSCRIPTION_STARTED, SUBSCRIPTION_CANCELED, TICKET_OPENED, NOTE);

}
