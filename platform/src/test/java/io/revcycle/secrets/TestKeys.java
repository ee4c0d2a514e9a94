package io.revcycle.secrets;

/**
 * Keys of the tests, made with {@link KeysetTool} ({@code generate}, then
 * {@code add --primary}, then {@code remove}), and values the platform sealed before
 * keysets. The platform under test ({@link io.revcycle.RevcycleTest}) runs in the middle
 * of a rotation: keyset [B primary, A], and the legacy key still set.
 */
public final class TestKeys {

	/** Key A (2385913825) alone: what sealed before the rotation. */
	public static final String KEYSET_A = "eyJwcmltYXJ5S2V5SWQiOjIzODU5MTM4MjUsImtleSI6W3sia2V5RGF0YSI6eyJ0eXBlVXJsIjoidHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5IiwidmFsdWUiOiJHaUNRQWJnVTY3UlNtNGY4SDlMOXRDamdYWU9KcSt4ZFFhUm16elZBcXI5eEhBPT0iLCJrZXlNYXRlcmlhbFR5cGUiOiJTWU1NRVRSSUMifSwic3RhdHVzIjoiRU5BQkxFRCIsImtleUlkIjoyMzg1OTEzODI1LCJvdXRwdXRQcmVmaXhUeXBlIjoiVElOSyJ9XX0K";

	/** Key B (1754437711, primary) and key A: the rotation under way. */
	public static final String KEYSET_B_PRIMARY_A = "eyJwcmltYXJ5S2V5SWQiOjE3NTQ0Mzc3MTEsImtleSI6W3sia2V5RGF0YSI6eyJ0eXBlVXJsIjoidHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5IiwidmFsdWUiOiJHaUNRQWJnVTY3UlNtNGY4SDlMOXRDamdYWU9KcSt4ZFFhUm16elZBcXI5eEhBPT0iLCJrZXlNYXRlcmlhbFR5cGUiOiJTWU1NRVRSSUMifSwic3RhdHVzIjoiRU5BQkxFRCIsImtleUlkIjoyMzg1OTEzODI1LCJvdXRwdXRQcmVmaXhUeXBlIjoiVElOSyJ9LHsia2V5RGF0YSI6eyJ0eXBlVXJsIjoidHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5IiwidmFsdWUiOiJHaUMxRkROa1RTVE9aMGhDbURJWTFzZGJkV3BpNXFDakFhWXdLeklFcnNvaWN3PT0iLCJrZXlNYXRlcmlhbFR5cGUiOiJTWU1NRVRSSUMifSwic3RhdHVzIjoiRU5BQkxFRCIsImtleUlkIjoxNzU0NDM3NzExLCJvdXRwdXRQcmVmaXhUeXBlIjoiVElOSyJ9XX0K";

	/** Key B (1754437711) alone: once everything is re-sealed. */
	public static final String KEYSET_B = "eyJwcmltYXJ5S2V5SWQiOjE3NTQ0Mzc3MTEsImtleSI6W3sia2V5RGF0YSI6eyJ0eXBlVXJsIjoidHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5IiwidmFsdWUiOiJHaUMxRkROa1RTVE9aMGhDbURJWTFzZGJkV3BpNXFDakFhWXdLeklFcnNvaWN3PT0iLCJrZXlNYXRlcmlhbFR5cGUiOiJTWU1NRVRSSUMifSwic3RhdHVzIjoiRU5BQkxFRCIsImtleUlkIjoxNzU0NDM3NzExLCJvdXRwdXRQcmVmaXhUeXBlIjoiVElOSyJ9XX0K";

	/** Another platform's keyset (1635266268): holds neither A nor B. */
	public static final String KEYSET_FOREIGN = "eyJwcmltYXJ5S2V5SWQiOjE2MzUyNjYyNjgsImtleSI6W3sia2V5RGF0YSI6eyJ0eXBlVXJsIjoidHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5IiwidmFsdWUiOiJHaUI0LzNHOC9KMEhhRkY1V1V5UkVkWHJzNUFrSUM3cVc0bHV1TDUxVEN0cmtBPT0iLCJrZXlNYXRlcmlhbFR5cGUiOiJTWU1NRVRSSUMifSwic3RhdHVzIjoiRU5BQkxFRCIsImtleUlkIjoxNjM1MjY2MjY4LCJvdXRwdXRQcmVmaXhUeXBlIjoiVElOSyJ9XX0K";

	/** The raw 32-byte key of before keysets. */
	public static final String LEGACY_KEY = "/aEIH4lsT7rhPgnZ1uS9sGOmWRbPstpqriC0SaCA478=";

	/**
	 * "sk_live_legacy" for "tenant-a/row-1", as the platform sealed it with
	 * {@link #LEGACY_KEY} before keysets (the hand-written AES-GCM box).
	 */
	public static final String LEGACY_SEALED = "v1:AnAcmezi9oO/nqbTHLWtrahQ0Fspyn2/RgzmM0aIubAi6bgrlpp3svp8";

	/** A 24-byte legacy key, which that box accepted too. */
	static final String LEGACY_KEY_24 = "e9k8U9zF4bxXZVtoWkbLenvuT2h83JlR";

	/** "sk_live_legacy" for "tenant-a/row-1", sealed by that box with the 24-byte key. */
	static final String LEGACY_SEALED_24 = "v1:LaEmpEbP+nu758O2GEPxcKbgrtEbgvtfsbuOoZiFC+jA8y6cBTne4aJe";

	/** A 16-byte legacy key. */
	static final String LEGACY_KEY_16 = "50sjVj8+dvGCm3/4IsxguA==";

	/** "sk_live_legacy" for "tenant-a/row-1", sealed by that box with the 16-byte key. */
	static final String LEGACY_SEALED_16 = "v1:hcgNXowsikk81GieyCu4dSJnaYOHO2piFoMqcUmekxcZmvmxlFB7hR1w";

	/**
	 * "sk_live_legacy" for "tenant-a/row-1", sealed by that box with the development key,
	 * as laptops have them.
	 */
	static final String DEVELOPMENT_SEALED = "v1:B3/ABszadhqu3xhwVuNp1orP0UV3UWhPZZiP2/qQTKcDPIXIxLy4FL/F";

	private TestKeys() {
	}

	/** A box of these keys; null for none. */
	public static SecretBox box(String keyset, String legacyKey) {
		return new SecretBox(new SecretsSettings(keyset, legacyKey));
	}

}
