package dev.mob.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for tests of an app over several hosts: {@link #issue} gives a
 * host its certificate chain and key as PEM files, the form {@code --tls-cert}, {@code --tls-key}
 * and {@code --tls-ca} take. Made with the JDK's own {@code keytool} (EC P-256, valid 2 days), so
 * it needs nothing but Java.
 */
public final class TestCertificates {
    private static final String PASSWORD = "mob-test";

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA called {@code name}, its files under {@code dir}. */
    public static TestCertificates authority(Path dir, String name) {
        TestCertificates ca = new TestCertificates(dir, name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.store().toString(), "-storepass", PASSWORD,
                "-storetype", "PKCS12");
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store().toString(), "-storepass", PASSWORD,
                "-file", ca.caPem().toString());
        return ca;
    }

    /** The CA's certificate, for {@code --tls-ca}. */
    public Path caPem() {
        return dir.resolve(name + "-ca.pem");
    }

    private Path store() {
        return dir.resolve(name + "-ca.p12");
    }

    /** A host's certificate (chain and PKCS#8 key), with {@code ip} as its subject alternative name. */
    public Host issue(String host, String ip) {
        Path keystore = dir.resolve(name + "-" + host + ".p12");
        Path csr = dir.resolve(name + "-" + host + ".csr");
        Path crt = dir.resolve(name + "-" + host + ".crt");
        keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
                "-validity", "2", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12");
        keytool("-certreq", "-alias", "host", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-file",
                csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", store().toString(), "-storepass", PASSWORD, "-infile",
                csr.toString(), "-outfile", crt.toString(), "-rfc", "-validity", "2", "-ext", "san=ip:" + ip,
                "-ext", "eku=serverAuth,clientAuth");
        try {
            Path chain = dir.resolve(name + "-" + host + "-chain.pem");
            Files.writeString(chain, Files.readString(crt) + Files.readString(caPem()));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Key key = ks.getKey("host", PASSWORD.toCharArray());
            Path keyPem = dir.resolve(name + "-" + host + "-key.pem");
            Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return new Host(chain, keyPem, caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key keytool made", e);
        }
    }

    /** A host's files: pass them as {@code --tls-cert}, {@code --tls-key}, {@code --tls-ca}. */
    public record Host(Path cert, Path key, Path ca) {
        /** The three flags with their values. */
        public List<String> flags() {
            return List.of("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-ca", ca.toString());
        }
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + String.join(" ", command) + "\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
