import java.security.SecureRandom;
import java.util.zip.CRC32;

/** Prints a well-formed key: java bench/KeyGen.java [prefix], prefix default vlm_admin_. */
public class KeyGen {
    public static void main(String[] args) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom random = new SecureRandom();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            body.append(alphabet.charAt(random.nextInt(62)));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes());
        long v = crc.getValue();
        char[] sum = new char[6];
        for (int i = 5; i >= 0; i--) {
            sum[i] = alphabet.charAt((int) (v % 62));
            v /= 62;
        }
        System.out.println((args.length > 0 ? args[0] : "vlm_admin_") + body + new String(sum));
    }
}
