package dev.lindy.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies cookie values with HMAC-SHA256 under the app's secrets: the newest secret signs,
 * every one verifies, so secrets can be rotated without logging everybody out. The signature covers the
 * cookie's name as well as its value, so a signed value cannot be moved to another cookie.
 */
public final class Signer {
    private static final String ALGORITHM = "HmacSHA256";

    private final List<byte[]> keys;

    /**
     * Creates a signer.
     *
     * @param secrets the secrets, newest first; at least one
     */
    public Signer(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("signing needs at least one secret");
        }
        this.keys = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /**
     * Returns the value with its signature appended.
     *
     * @param name the cookie's name
     * @param value the value, cookie-octets only
     * @return {@code value.signature}
     */
    public String sign(String name, String value) {
        return value + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(0), name, value));
    }

    /**
     * Returns the value of a signed cookie if a secret's signature matches.
     *
     * @param name the cookie's name
     * @param signed the cookie's value as received
     * @return the value, or null if it is unsigned, tampered with or signed under an unknown secret
     */
    public String verify(String name, String signed) {
        int dot = signed.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String value = signed.substring(0, dot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signed.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (byte[] key : keys) {
            if (MessageDigest.isEqual(mac(key, name, value), given)) {
                return value;
            }
        }
        return null;
    }

    private static byte[] mac(byte[] key, String name, String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '=');
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
