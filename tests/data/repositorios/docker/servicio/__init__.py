"""Paquete."""
