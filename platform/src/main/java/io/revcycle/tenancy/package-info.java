/**
 * Tenants, sign-up, users and roles, API keys, and the tenant context every transaction
 * runs in.
 */
@io.revcycle.kernel.Tables(owns = { "tenants", "tenant_users", "api_keys" }, publishes = { "member_directory" })
package io.revcycle.tenancy;
