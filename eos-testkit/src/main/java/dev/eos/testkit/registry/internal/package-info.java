/**
 * Not API: how the embedded schema registry works (its state, its topic format, its HTTP
 * routing). Nothing here appears in a public signature of {@code dev.eos.testkit.registry}.
 */
package dev.eos.testkit.registry.internal;
