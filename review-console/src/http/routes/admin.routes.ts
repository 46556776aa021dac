import { Router } from 'express';
import { createDistrictRequest, createUserRequest, createWardRequest, updateUserRequest } from '../../api/api-types.js';
import { requireRole } from '../../services/access.service.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { actorOf, requireSession } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

/** Users, wards and districts: admins only. */
export function adminRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use(requireSession(services.auth), (_req, res, next) => {
    requireRole(actorOf(res), ['admin'], 'administer users and wards');
    next();
  });
  router.get('/users', async (_req, res) => {
    res.json({ items: await services.admin.listUsers() });
  });
  router.post('/users', async (req, res) => {
    res.status(201).json(await services.admin.createUser(actorOf(res), parseRequest(createUserRequest, req.body, 'new user')));
  });
  router.patch('/users/:id', async (req, res) => {
    res.json(await services.admin.updateUser(actorOf(res), req.params.id, parseRequest(updateUserRequest, req.body, 'user change')));
  });
  router.get('/wards', async (_req, res) => {
    res.json({ items: await services.admin.listWards() });
  });
  router.post('/wards', async (req, res) => {
    const { ward, created } = await services.admin.upsertWard(actorOf(res), parseRequest(createWardRequest, req.body, 'ward'));
    res.status(created ? 201 : 200).json(ward);
  });
  router.get('/districts', async (_req, res) => {
    res.json({ items: await services.admin.listDistricts() });
  });
  router.post('/districts', async (req, res) => {
    res.status(201).json(await services.admin.createDistrict(actorOf(res), parseRequest(createDistrictRequest, req.body, 'district')));
  });
  return router;
}
