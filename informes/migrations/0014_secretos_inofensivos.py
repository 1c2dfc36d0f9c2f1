# Each report keeps the findings of the secret detection its authors marked as
# harmless examples, and the audit trail records each mark.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('informes', '0013_notas_sin_clasificar'),
    ]

    operations = [
        migrations.AddField(
            model_name='informe',
            name='secretos_inofensivos',
            field=models.JSONField(blank=True, default=dict, editable=False, help_text='Posibles credenciales que sus autores marcaron como ejemplos inofensivos.', verbose_name='ejemplos inofensivos'),
        ),
        migrations.AlterField(
            model_name='eventoauditoria',
            name='accion',
            field=models.CharField(choices=[('crear', 'Creación'), ('guardar', 'Guardado'), ('enviar', 'Enviado a revisión'), ('retirar', 'Retirado de revisión'), ('aprobar', 'Aprobado'), ('solicitar_cambios', 'Cambios solicitados'), ('nueva_version', 'Nueva versión'), ('archivar', 'Archivado'), ('proxima_revision', 'Próxima revisión cambiada'), ('comentar', 'Comentario'), ('resolver_comentario', 'Comentario resuelto'), ('reabrir_comentario', 'Comentario reabierto'), ('responder_comentario', 'Respuesta a un comentario'), ('descartar', 'Borrador descartado'), ('marcar_inofensivo', 'Ejemplo inofensivo marcado')], max_length=30, verbose_name='acción'),
        ),
    ]
