package dev.rabbittune.client.codec;

/** {@code identity}: no compression; encode and decode return their argument. */
final class IdentityCodec implements Codec {

    static final String NAME = "identity";
    static final IdentityCodec INSTANCE = new IdentityCodec();

    private IdentityCodec() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] encode(byte[] body) {
        return body;
    }

    @Override
    public byte[] decode(byte[] payload) {
        return payload;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
