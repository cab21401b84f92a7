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
 * no entry, more than one or a directory is refused: which entry is the body would be a guess. The entry's CRC-32
 * is checked, and the payload must end exactly with an end-of-central-directory record, so a truncated archive or
 * one with bytes after it is refused rather than read as far as it goes; the central directory must agree with the
 * entry (one entry, its CRC-32 and size). A stored (uncompressed) entry with a data descriptor cannot be read as a
 * stream and is refused.
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
        int end = endRecord(payload);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(payload))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw CodecException.corrupt(NAME, "no entry in the archive");
            }
            if (entry.isDirectory()) {
                throw CodecException.corrupt(NAME, "the archive's entry is a directory");
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
            checkCentralDirectory(payload, end, entry.getCrc(), out.size());
            return out.toByteArray();
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: an entry name that is not UTF-8 (ZipInputStream's "MALFORMED")
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw CodecException.corrupt(NAME, "truncated", e);
        } catch (IOException e) {
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        }
    }

    /**
     * Where the end-of-central-directory record starts (PKWARE APPNOTE 4.3.16): its signature, with its comment
     * ending the payload exactly.
     */
    private static int endRecord(byte[] payload) {
        int last = payload.length - 22;
        for (int at = last; at >= 0 && at >= last - 65_535; at--) {
            if (u32(payload, at) == 0x06054b50L && at + 22 + u16(payload, at + 20) == payload.length) {
                return at;
            }
        }
        throw CodecException.corrupt(NAME, "truncated, or bytes after the end of the archive");
    }

    /**
     * The central directory agrees with the entry read: one entry, where the end record says, with the same CRC-32
     * and size (APPNOTE 4.3.12), so damage there is refused too rather than ignored by the stream reader. ZIP64
     * archives (sizes of 0xFFFFFFFF) are beyond a message body's size and are refused.
     */
    private static void checkCentralDirectory(byte[] payload, int end, long crc, long size) {
        long entries = u16(payload, end + 10);
        long directorySize = u32(payload, end + 12);
        long directoryOffset = u32(payload, end + 16);
        if (entries != 1 || directoryOffset + directorySize != end || directoryOffset + 46 > end) {
            throw CodecException.corrupt(NAME, "the central directory does not match the archive's one entry");
        }
        int at = (int) directoryOffset;
        if (u32(payload, at) != 0x02014b50L || u32(payload, at + 16) != crc || u32(payload, at + 24) != size) {
            throw CodecException.corrupt(NAME, "the central directory does not match the archive's one entry");
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffffffffL;
    }
}
