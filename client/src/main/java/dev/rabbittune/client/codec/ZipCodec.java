package dev.rabbittune.client.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code zip}: a ZIP archive holding the body as its one entry, as Spring AMQP's {@code ZipPostProcessor} writes it
 * (one entry named {@code amqp}, deflated; spring-amqp support/postprocessor/ZipPostProcessor.java). An archive with
 * no entry or more than one is refused: which entry is the body would be a guess. The entry's CRC-32 is checked, and
 * the archive must end exactly with its end-of-central-directory record, so a truncated archive or one with bytes
 * after it is refused rather than read as far as it goes.
 */
final class ZipCodec extends SizeLimitedCodec {

    static final String NAME = "zip";
    /** The entry name Spring AMQP writes and reads. */
    static final String ENTRY = "amqp";

    ZipCodec(int maxDecodedBytes) {
        super(NAME, maxDecodedBytes);
    }

    @Override
    public byte[] encode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 128);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(ENTRY));
            zip.write(body);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] decode(byte[] payload) {
        requireWholeArchive(payload);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(payload))) {
            if (zip.getNextEntry() == null) {
                throw CodecException.corrupt(NAME, "no entry in the archive");
            }
            BoundedOutput out = new BoundedOutput(NAME, 4L * payload.length, maxDecodedBytes);
            for (int read = 0; read >= 0; ) {
                int free = out.makeRoom(8192);
                read = zip.read(out.array(), out.size(), free);
                if (read > 0) {
                    out.advance(read);
                }
            }
            if (zip.getNextEntry() != null) {
                throw CodecException.corrupt(NAME, "more than one entry in the archive");
            }
            return out.toByteArray();
        } catch (ZipException e) {
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw CodecException.corrupt(NAME, "truncated", e);
        } catch (IOException e) {
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        }
    }

    /** The end-of-central-directory record (PKWARE APPNOTE 4.3.16): its signature, and its comment ending the payload. */
    private static void requireWholeArchive(byte[] payload) {
        int last = payload.length - 22;
        for (int at = last; at >= 0 && at >= last - 65_535; at--) {
            if (payload[at] == 0x50 && payload[at + 1] == 0x4b && payload[at + 2] == 0x05 && payload[at + 3] == 0x06) {
                int commentLength = (payload[at + 20] & 0xff) | (payload[at + 21] & 0xff) << 8;
                if (at + 22 + commentLength == payload.length) {
                    return;
                }
            }
        }
        throw CodecException.corrupt(NAME, "truncated, or bytes after the end of the archive");
    }
}
