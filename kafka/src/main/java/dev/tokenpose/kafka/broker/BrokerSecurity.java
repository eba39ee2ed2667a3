package dev.tokenpose.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The keys and credentials of a SASL_SSL node: a self-signed certificate for its host made with
 * the JDK's {@code keytool} (a PKCS12 key store for the node, a trust store holding only the
 * certificate for its clients), and one SCRAM-SHA-512 user with a random password.
 */
final class BrokerSecurity {

    /** The SASL mechanism of the node and its clients. */
    static final String MECHANISM = "SCRAM-SHA-512";
    /** The one user; the node authenticates to itself as this user too. */
    static final String USER = "tokenpose";

    private static final long KEYTOOL_TIMEOUT_S = 60;

    private final Path keyStore;
    private final Path trustStore;
    private final String storePassword;
    private final String userPassword;

    private BrokerSecurity(Path keyStore, Path trustStore, String storePassword, String userPassword) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.storePassword = storePassword;
        this.userPassword = userPassword;
    }

    /**
     * Makes a certificate for {@code host} (an IP address, as clients check the name they dialled)
     * and the stores in {@code dir}.
     */
    static BrokerSecurity create(Path dir, String host) {
        String storePassword = randomSecret();
        Path keyStore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path trustStore = dir.resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "30",
                "-dname",
                "CN=" + host,
                "-ext",
                "SAN=ip:" + host,
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                storePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                storePassword,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                storePassword);
        return new BrokerSecurity(keyStore, trustStore, storePassword, randomSecret());
    }

    /**
     * The node's settings: {@code listener} speaks SASL_SSL with SCRAM, also between brokers; the
     * controller's listener, reached only by the node itself on its host, stays plaintext.
     */
    Properties serverProperties(String listener, String controllerListener) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Properties p = new Properties();
        p.put("listener.security.protocol.map", listener + ":SASL_SSL," + controllerListener + ":PLAINTEXT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put(prefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", jaas(USER, userPassword));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keyStore.toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", storePassword);
        return p;
    }

    /** The user for the storage formatter, which writes it into the cluster's first metadata. */
    List<String> scramArguments() {
        return List.of(MECHANISM + "=[name=" + USER + ",password=" + userPassword + "]");
    }

    /** What a client needs: the trust store and the user's credentials. */
    Map<String, String> clientSettings() {
        return Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                MECHANISM,
                "sasl.jaas.config",
                jaas(USER, userPassword),
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.location",
                trustStore.toString(),
                "ssl.truststore.password",
                storePassword);
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the node's certificate", e);
        }
    }
}
