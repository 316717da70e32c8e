/**
 * Hubbub's app host: Aspire's application model in Java. Resources are inert data (a name plus
 * annotations); behaviour lives in the {@code addX}/{@code withX} methods of
 * {@link dev.hubbub.apphost.DistributedApplicationBuilder} and the resource builders; values stay
 * deferred as {@link dev.hubbub.apphost.ReferenceExpression}s until run time or publish time.
 */
@NullMarked
package dev.hubbub.apphost;

import org.jspecify.annotations.NullMarked;
