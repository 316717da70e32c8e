package dev.hubbub.apphost.internal.bicep;

import java.util.Arrays;
import java.util.List;

/** A Bicep expression: the values of properties, parameters defaults and outputs. */
public sealed interface BicepExpression {

    /** A single-quoted string literal. @param value the unescaped text */
    record StringLiteral(String value) implements BicepExpression {
    }

    /** {@code 'text${expr}text'}: parts are {@link String}s and {@link BicepExpression}s. @param parts the parts */
    record InterpolatedString(List<Object> parts) implements BicepExpression {
    }

    /** An integer literal. @param value the value */
    record IntLiteral(long value) implements BicepExpression {
    }

    /** {@code true} / {@code false}. @param value the value */
    record BoolLiteral(boolean value) implements BicepExpression {
    }

    /** A reference to a parameter, resource or variable. @param name the identifier */
    record Identifier(String name) implements BicepExpression {
    }

    /** {@code target.member}. @param target the target @param member the member */
    record MemberAccess(BicepExpression target, String member) implements BicepExpression {
    }

    /** {@code name(arg, ...)}. @param name function @param args arguments */
    record FunctionCall(String name, List<BicepExpression> args) implements BicepExpression {
    }

    /** {@code { key: value ... }} with properties in order. @param properties the properties */
    record ObjectExpression(List<Property> properties) implements BicepExpression {
    }

    /** {@code [ item ... ]}, one item per line. @param items the items */
    record ArrayExpression(List<BicepExpression> items) implements BicepExpression {
    }

    /** {@code target.name(arg, ...)}, e.g. {@code law.listKeys()}. @param target target @param name function @param args arguments */
    record MemberCall(BicepExpression target, String name, List<BicepExpression> args) implements BicepExpression {
    }

    /** {@code name[index]}. @param target target @param index index */
    record Index(BicepExpression target, BicepExpression index) implements BicepExpression {
    }

    /**
     * One object property; {@code keyExpression}, when set, is written instead of {@code key}
     * (e.g. {@code '${identityId}': { }}).
     *
     * @param key the key
     * @param value the value
     * @param keyExpression an interpolated key, or null
     */
    record Property(String key, BicepExpression value, @org.jspecify.annotations.Nullable BicepExpression keyExpression) {
        /** @param key the key @param value the value */
        public Property(String key, BicepExpression value) {
            this(key, value, null);
        }
    }

    /** @param value text @return a string literal */
    static BicepExpression string(String value) {
        return new StringLiteral(value);
    }

    /** @param name identifier @return a reference */
    static BicepExpression ref(String name) {
        return new Identifier(name);
    }

    /** @param name function @param args arguments @return a call */
    static BicepExpression call(String name, BicepExpression... args) {
        return new FunctionCall(name, Arrays.asList(args));
    }

    /** @param target target @param path dotted members @return the access */
    static BicepExpression member(BicepExpression target, String path) {
        BicepExpression e = target;
        for (String m : path.split("\\.")) {
            e = new MemberAccess(e, m);
        }
        return e;
    }
}
