package dev.rabbittune.client;

/** A mandatory message no queue accepted; the broker returned it ({@code basic.return}). */
public final class UnroutableException extends PublishException {

    private final int replyCode;

    public UnroutableException(int replyCode, String replyText, String exchange, String routingKey) {
        super("message to exchange '" + exchange + "' with routing key '" + routingKey + "' was returned: "
                + replyCode + " " + replyText);
        this.replyCode = replyCode;
    }

    public int replyCode() {
        return replyCode;
    }
}
