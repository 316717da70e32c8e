package dev.hubbub.apphost.internal.bicep;

import dev.hubbub.apphost.internal.bicep.BicepExpression.ArrayExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.BoolLiteral;
import dev.hubbub.apphost.internal.bicep.BicepExpression.FunctionCall;
import dev.hubbub.apphost.internal.bicep.BicepExpression.Identifier;
import dev.hubbub.apphost.internal.bicep.BicepExpression.IntLiteral;
import dev.hubbub.apphost.internal.bicep.BicepExpression.InterpolatedString;
import dev.hubbub.apphost.internal.bicep.BicepExpression.MemberAccess;
import dev.hubbub.apphost.internal.bicep.BicepExpression.ObjectExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.Property;
import dev.hubbub.apphost.internal.bicep.BicepExpression.StringLiteral;
import java.util.List;

/**
 * Writes Bicep text the way Azure.Provisioning does: two-space indent, single-quoted strings,
 * one array item per line, a blank line between top-level statements, LF, no trailing newline.
 */
public final class BicepWriter {

    private BicepWriter() {
    }

    /** @param statements the module's statements in order @return the module text */
    public static String write(List<BicepStatement> statements) {
        StringBuilder sb = new StringBuilder();
        for (BicepStatement s : statements) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            writeStatement(sb, s);
        }
        return sb.toString();
    }

    private static void writeStatement(StringBuilder sb, BicepStatement s) {
        if (s instanceof BicepStatement.Param p) {
            if (p.description() != null) {
                sb.append("@description(").append(quote(p.description())).append(")\n");
            }
            sb.append("param ").append(p.name()).append(' ').append(p.type());
            if (p.defaultValue() != null) {
                sb.append(" = ");
                writeExpression(sb, p.defaultValue(), 0);
            }
        } else if (s instanceof BicepStatement.Resource r) {
            sb.append("resource ").append(r.identifier()).append(' ').append(quote(r.typeAndVersion()));
            if (r.existing()) {
                sb.append(" existing");
            }
            sb.append(" = ");
            writeExpression(sb, r.body(), 0);
        } else if (s instanceof BicepStatement.TargetScope t) {
            sb.append("targetScope = ").append(quote(t.scope()));
        } else if (s instanceof BicepStatement.Module m) {
            sb.append("module ").append(m.identifier()).append(' ').append(quote(m.path())).append(" = ");
            writeExpression(sb, m.body(), 0);
        } else if (s instanceof BicepStatement.Output o) {
            sb.append("output ").append(o.name()).append(' ').append(o.type()).append(" = ");
            writeExpression(sb, o.value(), 0);
        }
    }

    static void writeExpression(StringBuilder sb, BicepExpression e, int indent) {
        if (e instanceof StringLiteral s) {
            sb.append(quote(s.value()));
        } else if (e instanceof InterpolatedString is) {
            sb.append('\'');
            for (Object part : is.parts()) {
                if (part instanceof BicepExpression pe) {
                    sb.append("${");
                    writeExpression(sb, pe, indent);
                    sb.append('}');
                } else {
                    sb.append(escape((String) part));
                }
            }
            sb.append('\'');
        } else if (e instanceof IntLiteral i) {
            sb.append(i.value());
        } else if (e instanceof BoolLiteral b) {
            sb.append(b.value());
        } else if (e instanceof Identifier id) {
            sb.append(id.name());
        } else if (e instanceof MemberAccess m) {
            writeExpression(sb, m.target(), indent);
            sb.append('.').append(m.member());
        } else if (e instanceof FunctionCall f) {
            sb.append(f.name()).append('(');
            for (int i = 0; i < f.args().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                writeExpression(sb, f.args().get(i), indent);
            }
            sb.append(')');
        } else if (e instanceof BicepExpression.MemberCall c) {
            writeExpression(sb, c.target(), indent);
            sb.append('.').append(c.name()).append('(');
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                writeExpression(sb, c.args().get(i), indent);
            }
            sb.append(')');
        } else if (e instanceof BicepExpression.Index x) {
            writeExpression(sb, x.target(), indent);
            sb.append('[');
            writeExpression(sb, x.index(), indent);
            sb.append(']');
        } else if (e instanceof ObjectExpression o) {
            if (o.properties().isEmpty()) {
                sb.append("{ }");
                return;
            }
            sb.append("{\n");
            for (Property p : o.properties()) {
                pad(sb, indent + 1);
                BicepExpression keyExpression = p.keyExpression();
                if (keyExpression != null) {
                    writeExpression(sb, keyExpression, indent + 1);
                } else {
                    sb.append(BicepNames.isPlainIdentifier(p.key()) ? p.key() : quote(p.key()));
                }
                sb.append(": ");
                writeExpression(sb, p.value(), indent + 1);
                sb.append('\n');
            }
            pad(sb, indent);
            sb.append('}');
        } else if (e instanceof ArrayExpression a) {
            if (a.items().isEmpty()) {
                sb.append("[ ]");
                return;
            }
            sb.append("[\n");
            for (BicepExpression item : a.items()) {
                pad(sb, indent + 1);
                writeExpression(sb, item, indent + 1);
                sb.append('\n');
            }
            pad(sb, indent);
            sb.append(']');
        }
    }

    private static void pad(StringBuilder sb, int indent) {
        sb.append("  ".repeat(indent));
    }

    private static String quote(String s) {
        return "'" + escape(s) + "'";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '$' -> sb.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "\\$" : "$");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
