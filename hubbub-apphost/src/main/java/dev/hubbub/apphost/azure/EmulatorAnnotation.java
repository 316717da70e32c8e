package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.ResourceAnnotation;

/** The Azure SignalR resource runs as the local emulator in run mode. */
public record EmulatorAnnotation() implements ResourceAnnotation {
}
