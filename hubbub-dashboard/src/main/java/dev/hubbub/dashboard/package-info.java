/**
 * The app host's dashboard: resources and their commands, console logs, OTLP telemetry (structured logs,
 * traces, metrics) and the live SignalR trace of each emulator, served on loopback behind a login token.
 * {@link dev.hubbub.dashboard.Dashboard#start} starts it; the app host feeds it through {@link
 * dev.hubbub.dashboard.DashboardBackend} and the {@code Dashboard} methods.
 */
@NullMarked
package dev.hubbub.dashboard;

import org.jspecify.annotations.NullMarked;
