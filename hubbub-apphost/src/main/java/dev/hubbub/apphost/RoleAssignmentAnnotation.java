package dev.hubbub.apphost;

import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.SignalRBuiltInRole;
import java.util.List;

/**
 * The roles a compute resource gets on an Azure SignalR resource, replacing the defaults for that pair
 * ({@code WithRoleAssignments}). Honoured by {@code --publisher azure}, where each compute resource has its own
 * identity; Aspire's manifest flow cannot express it.
 *
 * @param target the SignalR resource
 * @param roles the roles
 */
public record RoleAssignmentAnnotation(AzureSignalRResource target, List<SignalRBuiltInRole> roles) implements ResourceAnnotation {
    /** Copies the roles. */
    public RoleAssignmentAnnotation {
        roles = List.copyOf(roles);
    }
}
