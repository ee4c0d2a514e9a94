/**
 * Tenants, sign-up, users and roles, API keys, and the tenant context every transaction
 * runs in.
 */
package io.revcycle.tenancy;
