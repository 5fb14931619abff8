/* job.c — answers too long to build in one go (`routes list` of a million routes, `rib
 * show`): built a step at a time, one step per event-loop turn, so sessions keep their
 * keepalives and other clients their answers meanwhile.
 *
 * Owns: running a client's job step by step and finishing its answer. While a job runs
 * its client is busy (client.c): its later commands are not read, so they cannot change
 * what the walk sees half-way nor answer before it.
 * Must not know: what a step does.
 */
#include <stdlib.h>

#include "api/api_internal.h"

static void job_end(struct api_job *job)
{
	struct api_client *c = job->c;
	c->job = NULL;
	if (job->fini)
		job->fini(job);
	free(job);
}

static void job_run(struct event_loop *loop, struct event_task *task)
{
	struct api_job *job = task->arg;
	struct api_client *c = job->c;

	if (job->step(job) > 0) {
		event_task_defer(loop, &job->task);
		return;
	}
	job_end(job);
	api_answer_finish(c);
	api_client_flush(c);
	api_client_wake(c);
}

void api_job_start(struct api_client *c, struct api_job *job)
{
	job->c = c;
	c->job = job;
	event_task_init(&job->task, job_run, job);
	/* the first step runs now: most lists are short and need no second turn */
	job_run(c->api->loop, &job->task);
}

void api_job_cancel(struct api_client *c)
{
	struct api_job *job = c->job;
	if (job == NULL)
		return;
	event_task_cancel(c->api->loop, &job->task);
	job_end(job);
}
