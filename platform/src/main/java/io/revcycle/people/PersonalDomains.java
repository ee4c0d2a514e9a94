package io.revcycle.people;

import java.util.Locale;
import java.util.Set;

/**
 * Mailbox providers whose domain says nothing about the company: a person writing from
 * one is not linked to an account by the email domain.
 */
public final class PersonalDomains {

	private static final Set<String> DOMAINS = Set.of("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk",
			"yahoo.fr", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com",
			"icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
			"proton.me", "protonmail.com", "pm.me", "mail.com", "yandex.ru", "yandex.com", "mail.ru", "qq.com",
			"163.com", "126.com", "zoho.com", "fastmail.com", "hey.com", "orange.fr", "free.fr", "laposte.net",
			"libero.it", "btinternet.com", "comcast.net", "verizon.net");

	private PersonalDomains() {
	}

	/** Whether a domain is a personal mailbox provider. */
	public static boolean isPersonal(String domain) {
		return domain != null && DOMAINS.contains(domain.toLowerCase(Locale.ROOT));
	}

}
