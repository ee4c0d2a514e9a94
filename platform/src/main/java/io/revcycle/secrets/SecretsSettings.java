package io.revcycle.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys of secrets at rest. Without either, a development key is used, with a warning.
 *
 * @param keyset the Tink keyset, as the base64 of its JSON (what {@link KeysetTool}
 * prints): its primary key seals new values ({@code v2:}), each of its enabled keys opens
 * them; null or blank for none
 * @param key the AES key of before keysets, base64 of 16, 24 or 32 bytes: it opens the
 * values sealed with it ({@code v1:}), and seals new ones only while no keyset is set;
 * null or blank for none
 */
@ConfigurationProperties("revcycle.secrets")
record SecretsSettings(String keyset, String key) {

	/** Never the keys themselves: settings end up in logs and failure messages. */
	@Override
	public String toString() {
		return "SecretsSettings[keyset=" + (isSet(this.keyset) ? "(set)" : "(none)") + ", key="
				+ (isSet(this.key) ? "(set)" : "(none)") + "]";
	}

	static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

}
