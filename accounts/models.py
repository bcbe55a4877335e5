"""Accounts hold no model of their own: roles are django.contrib.auth groups (see roles.py).

This module exists so that post_migrate (also sent after a test flush) reaches the app.
"""
