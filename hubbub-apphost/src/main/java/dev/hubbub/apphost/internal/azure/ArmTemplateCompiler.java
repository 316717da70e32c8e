package dev.hubbub.apphost.internal.azure;

import dev.hubbub.apphost.internal.bicep.BicepExpression;
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
import dev.hubbub.apphost.internal.bicep.BicepStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a resource-group module of the Bicep model (parameters, resources, {@code existing} resources, extension
 * resources with {@code scope}, outputs) to an ARM JSON template, which the ARM REST API deploys: no Bicep CLI needed.
 * Covers the expressions Hubbub's modules use; anything else is rejected with the construct named.
 */
public final class ArmTemplateCompiler {

    private static final String SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    private final Map<String, BicepStatement.Resource> symbols = new LinkedHashMap<>();
    private final Set<String> parameters = new LinkedHashSet<>();

    private ArmTemplateCompiler() {
    }

    /**
     * @param statements the module
     * @return the ARM template as a JSON tree of maps and lists
     */
    public static Map<String, Object> compile(List<BicepStatement> statements) {
        return new ArmTemplateCompiler().run(statements);
    }

    private Map<String, Object> run(List<BicepStatement> statements) {
        for (BicepStatement s : statements) {
            if (s instanceof BicepStatement.Resource r) {
                symbols.put(r.identifier(), r);
            } else if (s instanceof BicepStatement.Param p) {
                parameters.add(p.name());
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<Object> resources = new ArrayList<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (BicepStatement s : statements) {
            if (s instanceof BicepStatement.Param p) {
                Map<String, Object> def = new LinkedHashMap<>();
                def.put("type", p.type());
                BicepExpression d = p.defaultValue();
                if (d != null) {
                    def.put("defaultValue", value(d));
                }
                String description = p.description();
                if (description != null) {
                    def.put("metadata", Map.of("description", description));
                }
                params.put(p.name(), def);
            } else if (s instanceof BicepStatement.Resource r && !r.existing()) {
                resources.add(resource(r));
            } else if (s instanceof BicepStatement.Output o) {
                Map<String, Object> output = new LinkedHashMap<>();
                output.put("type", o.type());
                output.put("value", value(o.value()));
                outputs.put(o.name(), output);
            } else if (!(s instanceof BicepStatement.Resource)) {
                throw new IllegalArgumentException("Cannot deploy " + s.getClass().getSimpleName()
                        + " through ARM from run mode: only resource-group modules are supported.");
            }
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("$schema", SCHEMA);
        template.put("contentVersion", "1.0.0.0");
        template.put("parameters", params);
        template.put("resources", resources);
        template.put("outputs", outputs);
        return template;
    }

    private Map<String, Object> resource(BicepStatement.Resource r) {
        String[] typeAndVersion = r.typeAndVersion().split("@", 2);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", typeAndVersion[0]);
        out.put("apiVersion", typeAndVersion[1]);
        Set<String> dependsOn = new LinkedHashSet<>();
        for (Property p : r.body().properties()) {
            BicepStatement.Resource target = p.value() instanceof Identifier id ? symbols.get(id.name()) : null;
            if (p.key().equals("scope") && target != null) {
                out.put("scope", "[format('" + type(target) + "/{0}', " + expression(name(target)) + ")]");
                if (!target.existing()) {
                    dependsOn.add(resourceIdExpression(target));
                }
            } else {
                collectDependencies(p.value(), dependsOn);
                out.put(p.key(), value(p.value()));
            }
        }
        if (!dependsOn.isEmpty()) {
            out.put("dependsOn", dependsOn.stream().map(d -> "[" + d + "]").toList());
        }
        return out;
    }

    private void collectDependencies(BicepExpression e, Set<String> out) {
        if (e instanceof MemberAccess m) {
            Identifier root = root(m);
            BicepStatement.Resource target = root == null ? null : symbols.get(root.name());
            if (target != null && !target.existing()) {
                out.add(resourceIdExpression(target));
            } else {
                collectDependencies(m.target(), out);
            }
        } else if (e instanceof FunctionCall f) {
            f.args().forEach(a -> collectDependencies(a, out));
        } else if (e instanceof ObjectExpression o) {
            o.properties().forEach(p -> collectDependencies(p.value(), out));
        } else if (e instanceof ArrayExpression a) {
            a.items().forEach(i -> collectDependencies(i, out));
        } else if (e instanceof InterpolatedString s) {
            s.parts().stream().filter(BicepExpression.class::isInstance).forEach(p -> collectDependencies((BicepExpression) p, out));
        }
    }

    private static @Nullable Identifier root(MemberAccess m) {
        BicepExpression t = m.target();
        while (t instanceof MemberAccess inner) {
            t = inner.target();
        }
        return t instanceof Identifier id ? id : null;
    }

    /** A JSON value: literals stay literal at the top, anything computed becomes a {@code [...]} expression. */
    private Object value(BicepExpression e) {
        if (e instanceof StringLiteral s) {
            return s.value().startsWith("[") ? "[" + s.value() : s.value();
        }
        if (e instanceof IntLiteral i) {
            return i.value();
        }
        if (e instanceof BoolLiteral b) {
            return b.value();
        }
        if (e instanceof ObjectExpression o) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Property p : o.properties()) {
                if (p.keyExpression() != null) {
                    throw new IllegalArgumentException("Interpolated object keys are not supported in run-mode ARM templates.");
                }
                m.put(p.key(), value(p.value()));
            }
            return m;
        }
        if (e instanceof ArrayExpression a) {
            return a.items().stream().map(this::value).toList();
        }
        return "[" + expression(e) + "]";
    }

    /** An ARM template language expression, without the brackets. */
    private String expression(BicepExpression e) {
        if (e instanceof StringLiteral s) {
            return "'" + s.value().replace("'", "''") + "'";
        }
        if (e instanceof IntLiteral i) {
            return Long.toString(i.value());
        }
        if (e instanceof BoolLiteral b) {
            return b.value() ? "true()" : "false()";
        }
        if (e instanceof Identifier id) {
            if (parameters.contains(id.name())) {
                return "parameters('" + id.name() + "')";
            }
            throw new IllegalArgumentException("Resource '" + id.name() + "' used as a value; use one of its properties.");
        }
        if (e instanceof InterpolatedString s) {
            StringBuilder format = new StringBuilder();
            List<String> args = new ArrayList<>();
            for (Object part : s.parts()) {
                if (part instanceof BicepExpression pe) {
                    format.append('{').append(args.size()).append('}');
                    args.add(expression(pe));
                } else {
                    format.append(((String) part).replace("'", "''").replace("{", "{{").replace("}", "}}"));
                }
            }
            return "format('" + format + "'" + (args.isEmpty() ? "" : ", " + String.join(", ", args)) + ")";
        }
        if (e instanceof FunctionCall f) {
            return f.name() + "(" + String.join(", ", f.args().stream().map(this::expression).toList()) + ")";
        }
        if (e instanceof BicepExpression.MemberCall c) {
            return expression(c.target()) + "." + c.name() + "(" + String.join(", ", c.args().stream().map(this::expression).toList()) + ")";
        }
        if (e instanceof MemberAccess m) {
            return member(m);
        }
        throw new IllegalArgumentException("Cannot express " + e + " in an ARM template.");
    }

    private String member(MemberAccess m) {
        List<String> path = new ArrayList<>();
        BicepExpression t = m;
        while (t instanceof MemberAccess inner) {
            path.add(0, inner.member());
            t = inner.target();
        }
        BicepStatement.Resource r = t instanceof Identifier id ? symbols.get(id.name()) : null;
        if (r != null) {
            String first = path.get(0);
            if (path.size() == 1 && first.equals("id")) {
                return resourceIdExpression(r);
            }
            if (path.size() == 1 && first.equals("name")) {
                return expression(name(r));
            }
            if (first.equals("properties") && path.size() > 1) {
                String api = r.typeAndVersion().split("@", 2)[1];
                return "reference(" + resourceIdExpression(r) + ", '" + api + "')." + String.join(".", path.subList(1, path.size()));
            }
            throw new IllegalArgumentException("Cannot express " + r.identifier() + "." + String.join(".", path) + " in an ARM template.");
        }
        return expression(t) + "." + String.join(".", path);
    }

    private static String type(BicepStatement.Resource r) {
        return r.typeAndVersion().split("@", 2)[0];
    }

    private static BicepExpression name(BicepStatement.Resource r) {
        for (Property p : r.body().properties()) {
            if (p.key().equals("name")) {
                return p.value();
            }
        }
        throw new IllegalArgumentException("Resource '" + r.identifier() + "' has no name.");
    }

    private String resourceIdExpression(BicepStatement.Resource r) {
        return "resourceId('" + type(r) + "', " + expression(name(r)) + ")";
    }
}
