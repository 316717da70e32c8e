package dev.hubbub.apphost;

/** The resource's HTTP endpoints are reachable from outside its deployment ({@code withExternalHttpEndpoints}). */
public record ExternalEndpointsAnnotation() implements ResourceAnnotation {
}
