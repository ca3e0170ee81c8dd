"""The curators' desk: the admin site (``site``) and the admins of every record type.

The record admins register when the app is ready (``RegistryConfig.ready``), not when
this package is imported: the admin site class lives in this package too, and Django
imports it while other apps' admins are still registering.
"""
