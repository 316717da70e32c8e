package dev.hubbub.apphost.internal.bicep;

import static dev.hubbub.apphost.internal.bicep.BicepExpression.call;
import static dev.hubbub.apphost.internal.bicep.BicepExpression.member;
import static dev.hubbub.apphost.internal.bicep.BicepExpression.ref;
import static dev.hubbub.apphost.internal.bicep.BicepExpression.string;

import dev.hubbub.apphost.azure.AzureResourceInfrastructure;
import dev.hubbub.apphost.azure.ProvisionableResource;
import dev.hubbub.apphost.azure.ProvisioningOutput;
import dev.hubbub.apphost.azure.ProvisioningParameter;
import dev.hubbub.apphost.azure.RoleAssignment;
import dev.hubbub.apphost.azure.SignalRFeature;
import dev.hubbub.apphost.azure.SignalRResourceSku;
import dev.hubbub.apphost.azure.SignalRService;
import dev.hubbub.apphost.internal.bicep.BicepExpression.ArrayExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.BoolLiteral;
import dev.hubbub.apphost.internal.bicep.BicepExpression.IntLiteral;
import dev.hubbub.apphost.internal.bicep.BicepExpression.InterpolatedString;
import dev.hubbub.apphost.internal.bicep.BicepExpression.ObjectExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a configured {@link AzureResourceInfrastructure} into Bicep statements: params, resources, outputs. */
public final class InfrastructureCompiler {

    private static final String ROLE_DEFINITIONS = "Microsoft.Authorization/roleDefinitions";

    private InfrastructureCompiler() {
    }

    /** @param infra the infrastructure @return the module text */
    public static String toBicep(AzureResourceInfrastructure infra) {
        return BicepWriter.write(compile(infra));
    }

    /** @param infra the infrastructure @return the module's statements in order */
    public static List<BicepStatement> compile(AzureResourceInfrastructure infra) {
        List<BicepStatement> out = new ArrayList<>();
        out.add(new BicepStatement.Param("location", "string", "The location for the resource(s) to be deployed.",
                member(call("resourceGroup"), "location")));
        for (ProvisioningParameter p : infra.getParameters()) {
            out.add(new BicepStatement.Param(p.name(), "string", null, null));
        }
        for (ProvisionableResource r : infra.getProvisionableResources()) {
            out.add(resource(r));
        }
        for (ProvisioningOutput o : infra.getOutputs()) {
            out.add(new BicepStatement.Output(o.name(), "string", member(ref(o.resource().bicepIdentifier()), o.propertyPath())));
        }
        return out;
    }

    private static BicepStatement resource(ProvisionableResource r) {
        ObjectExpression body;
        if (r instanceof SignalRService s) {
            body = signalR(s);
        } else if (r instanceof RoleAssignment a) {
            body = roleAssignment(a);
        } else {
            throw new IllegalArgumentException("No Bicep mapping for " + r.getClass().getName()
                    + ": only SignalRService and RoleAssignment can be emitted.");
        }
        return new BicepStatement.Resource(r.bicepIdentifier(), r.resourceType() + "@" + r.apiVersion(), r.isExisting(), body);
    }

    private static ObjectExpression signalR(SignalRService s) {
        ObjectBuilder root = new ObjectBuilder();
        if (s.nameParameter() != null) {
            root.put("name", ref(s.nameParameter().name()));
        } else if (s.name() != null) {
            root.put("name", string(s.name()));
        } else {
            root.put("name", call("take", new InterpolatedString(List.of(
                    BicepNames.signalRNamePrefix(s.bicepIdentifier()) + "-",
                    call("uniqueString", member(call("resourceGroup"), "id")))), new IntLiteral(63)));
        }
        if (s.isExisting()) {
            return root.build();
        }
        root.put("location", ref("location"));
        ObjectBuilder props = new ObjectBuilder();
        if (s.corsAllowedOrigins() != null) {
            props.put("cors", new ObjectBuilder().put("allowedOrigins", strings(s.corsAllowedOrigins())).build());
        }
        if (s.disableAadAuth() != null) {
            props.put("disableAadAuth", new BoolLiteral(s.disableAadAuth()));
        }
        if (s.disableLocalAuth() != null) {
            props.put("disableLocalAuth", new BoolLiteral(s.disableLocalAuth()));
        }
        if (s.features() != null) {
            List<BicepExpression> items = new ArrayList<>();
            for (SignalRFeature f : s.features()) {
                items.add(new ObjectBuilder().put("flag", string(f.flag())).put("value", string(f.value())).build());
            }
            props.put("features", new ArrayExpression(items));
        }
        if (s.clientCertEnabled() != null) {
            props.put("tls", new ObjectBuilder().put("clientCertEnabled", new BoolLiteral(s.clientCertEnabled())).build());
        }
        if (s.publicNetworkAccess() != null) {
            props.put("publicNetworkAccess", string(s.publicNetworkAccess()));
        }
        if (!props.isEmpty()) {
            root.put("properties", props.build());
        }
        if (s.kind() != null) {
            root.put("kind", string(s.kind()));
        }
        SignalRResourceSku sku = s.sku();
        ObjectBuilder skuObj = new ObjectBuilder();
        if (sku.name() != null) {
            skuObj.put("name", string(sku.name()));
        }
        if (sku.tier() != null) {
            skuObj.put("tier", string(sku.tier()));
        }
        if (sku.capacity() != null) {
            skuObj.put("capacity", new IntLiteral(sku.capacity()));
        }
        if (!skuObj.isEmpty()) {
            root.put("sku", skuObj.build());
        }
        if (!s.tags().isEmpty()) {
            ObjectBuilder tags = new ObjectBuilder();
            for (Map.Entry<String, String> t : s.tags().entrySet()) {
                tags.put(t.getKey(), string(t.getValue()));
            }
            root.put("tags", tags.build());
        }
        return root.build();
    }

    private static ObjectExpression roleAssignment(RoleAssignment a) {
        BicepExpression roleId = call("subscriptionResourceId", string(ROLE_DEFINITIONS), string(a.role().id()));
        BicepExpression principalId = ref(a.principalId().name());
        ProvisioningParameter principalType = a.principalType();
        return new ObjectBuilder()
                .put("name", call("guid", member(ref(a.scope().bicepIdentifier()), "id"), principalId, roleId))
                .put("properties", new ObjectBuilder()
                        .put("principalId", principalId)
                        .put("roleDefinitionId", roleId)
                        .put("principalType", principalType == null ? string("ServicePrincipal") : ref(principalType.name()))
                        .build())
                .put("scope", ref(a.scope().bicepIdentifier()))
                .build();
    }

    private static ArrayExpression strings(List<String> values) {
        return new ArrayExpression(values.stream().map(BicepExpression::string).toList());
    }

    /** Ordered object properties. */
    private static final class ObjectBuilder {
        private final List<Property> properties = new ArrayList<>();

        ObjectBuilder put(String key, BicepExpression value) {
            properties.add(new Property(key, value));
            return this;
        }

        boolean isEmpty() {
            return properties.isEmpty();
        }

        ObjectExpression build() {
            return new ObjectExpression(List.copyOf(properties));
        }
    }
}
