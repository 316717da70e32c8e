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

    /** One object property. @param key the key @param value the value */
    record Property(String key, BicepExpression value) {
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
