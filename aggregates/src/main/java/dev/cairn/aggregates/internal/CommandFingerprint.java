package dev.cairn.aggregates.internal;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an idempotency key is compared on (ADR 74): a key that clients send names one command, its type, target
 * aggregate and payload as stored; a repeat with other content is refused. A saga's positional key
 * ({@code saga:<id>:<message>:<n>}) names a position in the saga's handling, and the saga may build that command with
 * fresh values on redelivery (a random id, the current time): it is compared on the command type alone.
 *
 * @param commandName the command's name
 * @param target      the target aggregate identifier, {@code null} when the command names none (or for saga keys)
 * @param fingerprint SHA-256 of type, target and stored payload, hex; {@code null} for saga keys
 */
public record CommandFingerprint(String commandName, String target, String fingerprint) {

    private static final CommandTargetResolver TARGETS = AnnotationCommandTargetResolver.builder().build();

    public CommandFingerprint {
        if (commandName == null || commandName.isBlank()) {
            throw new IllegalArgumentException("A command fingerprint needs the command's name");
        }
    }

    /**
     * @param positional whether the key is a saga's positional key, compared on the command type only
     */
    public static CommandFingerprint of(CommandMessage<?> command, Serializer serializer, boolean positional) {
        if (positional) {
            return new CommandFingerprint(command.getCommandName(), null, null);
        }
        String target = target(command);
        SerializedObject<String> payload = serializer.serialize(command.getPayload(), String.class);
        String content = command.getCommandName() + '\n' + (target == null ? "" : target) + '\n'
                + payload.getType().getName() + '\n' + payload.getData();
        return new CommandFingerprint(command.getCommandName(), target, sha256(content));
    }

    /**
     * @return whether a send described by {@code other} repeats the command this one describes
     */
    public boolean matches(String otherName, String otherTarget, String otherFingerprint) {
        if (!commandName.equals(otherName)) {
            return false;
        }
        // a saga key, or a key stored by the previous release: the command type decides
        return fingerprint == null || otherFingerprint == null || fingerprint.equals(otherFingerprint);
    }

    /**
     * @return the command in words, for errors: its name, target and a short fingerprint
     */
    public static String describe(String name, String target, String fingerprint) {
        return "[" + name + "]" + (target == null ? "" : " to aggregate [" + target + "]")
                + (fingerprint == null ? "" : " (payload fingerprint " + fingerprint.substring(0, 12) + ")");
    }

    private static String target(CommandMessage<?> command) {
        try {
            Object identifier = TARGETS.resolveTarget(command).getIdentifier();
            return identifier == null ? null : identifier.toString();
        } catch (IllegalArgumentException e) {
            return null; // a command without a target, such as one that creates its aggregate
        }
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
