package dev.hubbub.apphost.azure;

import java.util.Objects;

/** A {@code Microsoft.Authorization/roleAssignments} resource granting a principal a role on a resource. */
public final class RoleAssignment extends ProvisionableResource {

    private final ProvisionableResource scope;
    private final SignalRBuiltInRole role;
    private final @org.jspecify.annotations.Nullable ProvisioningParameter principalType;
    private final ProvisioningParameter principalId;

    /**
     * @param scope the resource the role applies to
     * @param role the role
     * @param principalType parameter holding the principal type, or null for {@code 'ServicePrincipal'}
     * @param principalId parameter holding the principal id
     */
    public RoleAssignment(ProvisionableResource scope, SignalRBuiltInRole role,
            @org.jspecify.annotations.Nullable ProvisioningParameter principalType,
            ProvisioningParameter principalId) {
        super(scope.bicepIdentifier() + "_" + role.roleName(), "Microsoft.Authorization/roleAssignments", "2022-04-01");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.role = role;
        this.principalType = principalType;
        this.principalId = principalId;
    }

    /** @return the resource the role applies to */
    public ProvisionableResource scope() {
        return scope;
    }

    /** @return the role */
    public SignalRBuiltInRole role() {
        return role;
    }

    /** @return the principal type parameter, or null for the literal {@code 'ServicePrincipal'} */
    public @org.jspecify.annotations.Nullable ProvisioningParameter principalType() {
        return principalType;
    }

    /** @return the principal id parameter */
    public ProvisioningParameter principalId() {
        return principalId;
    }
}
