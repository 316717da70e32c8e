package dev.hubbub.management.internal;

/**
 * A hub invocation serialized once per send call and shared by every REST call it fans out to.
 *
 * @param target the client method name (kept for logs and for transports that re-frame the message)
 * @param json the REST body {@code {"Target":..,"Arguments":[..]}}, UTF-8; never modified after creation
 */
public record EncodedMessage(String target, byte[] json) {}
